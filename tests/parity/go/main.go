// Command paritygo is the Go entry of the strace-parity corpus (tests/parity/corpus.sh): what an
// everyday Go program does through the Go runtime's own syscalls (no libc): read files, list a
// directory, write and rename a file, run goroutines on several threads, and a TCP echo over
// loopback through the runtime's epoll netpoller. Usage: paritygo SCRATCH_DIR
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "paritygo:", err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: paritygo SCRATCH_DIR")
		os.Exit(2)
	}
	dir := os.Args[1]

	// Files: read one whole, scan another line by line, list a directory.
	passwd, err := os.ReadFile("/etc/passwd")
	must(err)
	f, err := os.Open("/etc/services")
	must(err)
	lines := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		lines++
	}
	must(f.Close())
	entries, err := os.ReadDir("/usr/share/doc")
	must(err)
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)

	// Write, stat, rename, remove.
	tmp := filepath.Join(dir, "paritygo.tmp")
	must(os.WriteFile(tmp, []byte(strings.Join(names, "\n")), 0o644))
	st, err := os.Stat(tmp)
	must(err)
	final := filepath.Join(dir, "paritygo.out")
	must(os.Rename(tmp, final))

	// Goroutines: four workers hashing the passwd bytes, joined by a WaitGroup.
	var wg sync.WaitGroup
	sums := make([]int, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(passwd); i += 4 {
				sums[w] += int(passwd[i])
			}
		}(w)
	}
	wg.Wait()

	// TCP echo over loopback: listener, dialer, accept, write, read.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(c, c)
		c.Close()
		done <- err
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	must(err)
	_, err = c.Write([]byte("ping\n"))
	must(err)
	must(c.(*net.TCPConn).CloseWrite())
	echo, err := io.ReadAll(c)
	must(err)
	must(c.Close())
	must(<-done)
	must(ln.Close())
	must(os.Remove(final))

	fmt.Printf("passwd %d bytes, services %d lines, doc %d entries, wrote %d bytes, sums %v, echo %q\n",
		len(passwd), lines, len(names), st.Size(), sums, echo)
}
