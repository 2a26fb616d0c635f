module github.com/aead/chacha20
