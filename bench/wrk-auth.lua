-- wrk script: GET with the bearer token of MODVET_TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MODVET_TOKEN")
