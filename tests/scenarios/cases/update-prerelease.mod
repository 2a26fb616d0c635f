module example.com/main/update-prerelease

go 1.17

require example.com/pre v1.0.0-rc.1
