module example.com/gd

godebug novalue
