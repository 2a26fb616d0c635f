module example.com/gd

godebug (
	panicnil=1
	asynctimerchan=0
)

godebug http2client=0
