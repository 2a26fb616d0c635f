-- wrk script: POST the go.mod named by the MODVET_GOMOD environment
-- variable to /v1/check, with the bearer token of MODVET_TOKEN.
local f = assert(io.open(os.getenv("MODVET_GOMOD"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/plain"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MODVET_TOKEN")
