// gosyms is the Go program the Go symbol tests read (tests/unit/test_go_pclntab.cpp): CMake builds
// it four ways (plain, stripped with -ldflags='-s -w', PIE, stripped PIE) and the reader must name
// the same functions in each. It is also a small stack to trace: a method that dials UDP goes
// through net.(*sysDialer).dialUDP down to the connect(2) syscall.
//
// GOSYMS_ADDR (default 127.0.0.1:9): where the one datagram goes (nothing needs to listen).
package main

import (
	"fmt"
	"net"
	"os"
)

// Sender exists so that the binary has a method on a pointer receiver: main.(*Sender).Send.
type Sender struct{ addr string }

//go:noinline
func (s *Sender) Send(payload []byte) error {
	conn, err := net.Dial("udp", s.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write(payload)
	return err
}

func main() {
	addr := os.Getenv("GOSYMS_ADDR")
	if addr == "" {
		addr = "127.0.0.1:9"
	}
	s := &Sender{addr: addr}
	if err := s.Send([]byte("gosyms")); err != nil {
		fmt.Fprintln(os.Stderr, "gosyms:", err)
		os.Exit(1)
	}
	fmt.Println("sent")
}
