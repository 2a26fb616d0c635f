module github.com/aymanbagabas/go-osc52/v2

go 1.16
