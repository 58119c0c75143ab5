// Command hotline-ferretdb runs FerretDB v1 (Apache-2.0) embedded, on its
// SQLite backend, so development and tests have a real MongoDB-wire database.
//
// FerretDB v1 applies an update as "query, then write" in two steps, so two
// concurrent updates of one document can both read the old value (a lost
// $inc, two winners of one conditional update). MongoDB makes every
// single-document write atomic, and the hotline relies on that (reference
// counters, status transitions, deadlines that fire once). This wrapper
// restores it: FerretDB listens on a private Unix socket and a small
// wire-protocol proxy in front of it lets one write command (insert, update,
// delete, findAndModify) through at a time, while reads stay concurrent.
//
// Usage: hotline-ferretdb -listen 127.0.0.1:27017 -data ./.data/ferretdb
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	data := flag.String("data", ".data/ferretdb", "directory for the SQLite databases")
	flag.Parse()

	dir, err := filepath.Abs(*data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatal(err)
	}
	socket := filepath.Join(os.TempDir(), "hotline-ferretdb-"+filepath.Base(filepath.Dir(dir))+"-"+itoa(os.Getpid())+".sock")
	_ = os.Remove(socket)

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		// Connection start/stop lines at INFO would fill the log; warnings and errors still show.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	if err := waitForSocket(socket, 30*time.Second); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()

	log.Printf("hotline-ferretdb listening on %s, data in %s", *listen, dir)
	p := &proxy{upstream: socket}
	go p.serve(ln)

	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
	_ = os.Remove(socket)
}

func waitForSocket(path string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.Dial("unix", path)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
