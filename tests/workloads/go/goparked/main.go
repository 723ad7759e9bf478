// goparked: goroutines parked in known ways, for `sysray inflight` and its comparison with Go's
// own SIGQUIT dump (run it with GOTRACEBACK=all). Prints its pid and a newline once every
// goroutine has had time to park, then blocks forever:
//
//	receiver  chan receive        <-ch
//	selector  select              select on ch and an hour's timer
//	sleeper   sleep               time.Sleep(time.Hour)
//	reader    syscall             syscall.Read on a pipe nobody writes to (a raw syscall)
//	locker    semacquire          sync.Mutex.Lock on a mutex main holds
//	main      select (no cases)   select {}
package main

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

var (
	ch  = make(chan int)
	mu  sync.Mutex
	fds [2]int
)

func receiver() { <-ch }

func selector() {
	select {
	case <-ch:
	case <-time.After(time.Hour):
	}
}

func sleeper() { time.Sleep(time.Hour) }

func reader() {
	var b [1]byte
	syscall.Read(fds[0], b[:])
}

func locker() { mu.Lock() }

func main() {
	mu.Lock()
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	go receiver()
	go selector()
	go sleeper()
	go reader()
	go locker()
	time.Sleep(200 * time.Millisecond)
	fmt.Println(os.Getpid())
	select {}
}
