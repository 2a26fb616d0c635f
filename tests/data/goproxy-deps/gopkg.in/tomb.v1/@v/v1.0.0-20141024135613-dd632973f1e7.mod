module gopkg.in/tomb.v1
