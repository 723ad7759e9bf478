// Package porttest is a Go test suite that binds one UDP port in a loop, as suites that start a
// server per test do. Two copies run at once (as `go test ./...` runs packages) fight over the
// port: each EADDRINUSE must name the other copy as the holder.
//
// PORTTEST_PORT (default 3001): the port on 127.0.0.1. PORTTEST_ROUNDS (default 200).
package porttest

import (
	"errors"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func TestBindLoop(t *testing.T) {
	addr := "127.0.0.1:" + env("PORTTEST_PORT", "3001")
	rounds, err := strconv.Atoi(env("PORTTEST_ROUNDS", "200"))
	if err != nil {
		t.Fatal(err)
	}
	inUse := 0
	for i := 0; i < rounds; i++ {
		c, err := net.ListenPacket("udp", addr)
		if errors.Is(err, syscall.EADDRINUSE) {
			inUse++
			time.Sleep(time.Millisecond)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
		c.Close()
	}
	t.Logf("%d of %d binds of %s found it in use", inUse, rounds, addr)
}
