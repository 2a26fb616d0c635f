module example.com/retract

go 1.19

// Bad release, see issue 12.
retract v1.0.0

retract [v1.1.0, v1.2.0] // published by mistake

retract (
	// rationale a
	v0.9.0
	[v0.1.0, v0.2.0]
	v1.3 // non-canonical kept as written
	v0.5.0
)
