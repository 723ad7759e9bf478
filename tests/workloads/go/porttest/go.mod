module porttest

go 1.19
