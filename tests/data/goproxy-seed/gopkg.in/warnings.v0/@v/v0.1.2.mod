module gopkg.in/warnings.v0
