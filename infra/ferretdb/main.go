// Command hotline-ferretdb runs FerretDB v1 (Apache-2.0) embedded, on its
// PostgreSQL backend, so development and tests have a real MongoDB-wire
// database that keeps its latency flat as the data grows.
//
// Three things are added around FerretDB:
//
//   - Indexes its filters use (indexsync.go). FerretDB pushes a top-level
//     scalar equality down to PostgreSQL as `_jsonb->'field' @> value`; its
//     own btree indexes cannot serve that operator, a GIN jsonb_path_ops index
//     on the same expression can. The wrapper keeps one for `_id` and for
//     every top-level field of every index the application declares: at
//     start-up, after each createIndexes it forwards, and in a periodic sweep.
//     Its connections ask PostgreSQL for custom plans, so the key is seen.
//
//   - Atomic single-document writes (locks.go, proxy.go). FerretDB v1 applies
//     an update as "query, then write", so two concurrent updates of one
//     document could both win. MongoDB makes each single-document write
//     atomic and the hotline relies on it. A wire-protocol proxy in front of
//     FerretDB serialises writes that could touch the same document: a write
//     addressed by `_id` waits only for writes to that document (and for
//     whole-collection writes), any other write waits for its collection, and
//     inserts wait for nothing (PostgreSQL enforces unique indexes).
//
//   - The PostgreSQL database is created when it does not exist.
//
// Usage: hotline-ferretdb -listen 127.0.0.1:27017 -postgresql-url postgres://postgres@127.0.0.1:5432/hotline
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
	"strconv"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	pgURL := flag.String("postgresql-url", "postgres://postgres@127.0.0.1:5432/hotline", "PostgreSQL connection string; the database is created when missing")
	lockMode := flag.String("write-lock", "document", "how writes are serialised: document (per document / collection) or global (one write at a time, for comparison)")
	syncEvery := flag.Duration("index-sync-every", 30*time.Second, "how often every schema's GIN indexes are checked (also after each createIndexes)")
	flag.Parse()

	if *lockMode != "document" && *lockMode != "global" {
		log.Fatalf("-write-lock must be document or global, not %q", *lockMode)
	}
	url, err := withCustomPlans(*pgURL)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := ensureDatabase(ctx, url); err != nil {
		log.Fatalf("postgresql: %v", err)
	}

	socket := filepath.Join(os.TempDir(), "hotline-ferretdb-"+strconv.Itoa(os.Getpid())+".sock")
	_ = os.Remove(socket)

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: socket},
		Handler:       "postgresql",
		PostgreSQLURL: url,
		// Connection start/stop lines at INFO would fill the log; warnings and errors still show.
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		log.Fatal(err)
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	if err := waitForSocket(socket, 30*time.Second); err != nil {
		log.Fatal(err)
	}

	indexes, err := newIndexSync(ctx, url)
	if err != nil {
		log.Fatalf("index sync: %v", err)
	}
	defer indexes.close()
	if n, err := indexes.syncAll(ctx); err != nil {
		log.Printf("index sync at start: %v", err)
	} else if n > 0 {
		log.Printf("index sync at start: %d GIN indexes created", n)
	}
	go indexes.every(ctx, *syncEvery)
	go (&upkeep{pool: indexes.pool}).every(ctx, time.Minute)

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()

	log.Printf("hotline-ferretdb listening on %s (PostgreSQL backend, write lock per %s)", *listen, *lockMode)
	p := &proxy{upstream: socket, locks: newWriteLocks(*lockMode == "global"), indexes: indexes}
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
