module gosyms

go 1.19
