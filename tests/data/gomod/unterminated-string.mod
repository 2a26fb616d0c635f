module "example.com/c
