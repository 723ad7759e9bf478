// gomany N: the Go program of scripts/bench-inflight.sh. It parks N goroutines in chan receive,
// prints its pid, then measures itself: forever, a fixed amount of arithmetic per round and the
// round's milliseconds on stdout ("round MS"), so that the bench can see how much slower the
// program runs while `sysray inflight` takes snapshots of it.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

//go:noinline
func work(x uint64) uint64 {
	for i := 0; i < 20_000_000; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 0 {
		fmt.Fprintln(os.Stderr, "usage: gomany N")
		os.Exit(2)
	}
	block := make(chan int)
	for i := 0; i < n; i++ {
		go func() { <-block }()
	}
	fmt.Println(os.Getpid())
	x := uint64(1)
	for {
		t := time.Now()
		x = work(x)
		fmt.Printf("round %.1f %d\n", float64(time.Since(t).Microseconds())/1000, x&1)
	}
}
