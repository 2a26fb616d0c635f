module github.com/tweekmonster/luser
