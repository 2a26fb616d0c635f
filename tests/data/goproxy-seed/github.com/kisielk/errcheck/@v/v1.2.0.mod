module github.com/kisielk/errcheck

require golang.org/x/tools v0.0.0-20181030221726-6c7e314b6563
