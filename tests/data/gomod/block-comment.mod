module example.com/c /* no */
