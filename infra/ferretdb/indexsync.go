package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// withCustomPlans sizes FerretDB's connection pool and asks PostgreSQL, at connection start, to plan every
// statement with its parameters' values (FerretDB prepares its statements; a
// generic plan cannot tell that a GIN index serves `@> $2`).
func withCustomPlans(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("-postgresql-url: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return "", fmt.Errorf("-postgresql-url must be a postgres:// URL, got %q", u.Scheme)
	}
	q := u.Query()
	if q.Get("plan_cache_mode") == "" {
		q.Set("plan_cache_mode", "force_custom_plan")
	}
	if q.Get("pool_max_conns") == "" {
		// pgxpool's default (the number of CPUs, at least 4) would queue every
		// client of the hotline behind four PostgreSQL connections.
		q.Set("pool_max_conns", "40")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ensureDatabase creates the URL's database when it does not exist yet.
func ensureDatabase(ctx context.Context, raw string) error {
	pool, err := pgxpool.ParseConfig(raw) // knows pool_max_conns, which pgx alone would send to the server
	if err != nil {
		return err
	}
	cfg := pool.ConnConfig
	name := cfg.Database
	if name == "" {
		return fmt.Errorf("the PostgreSQL URL names no database")
	}
	cfg.Database = "postgres"
	var conn *pgx.Conn
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err = pgx.ConnectConfig(ctx, cfg)
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
	if err != nil && strings.Contains(err.Error(), "already exists") {
		return nil
	}
	return err
}

// indexSync keeps a GIN jsonb_path_ops index on (_jsonb->'field') for `_id`
// and for every top-level field of every index FerretDB records in a
// schema's _ferretdb_database_metadata table.
type indexSync struct {
	pool *pgxpool.Pool
	mu   sync.Mutex // one sync at a time: CREATE INDEX of one table must not race itself
	// done holds, per schema, the metadata a sync last completed for: a
	// createIndexes that changed nothing (every process start) costs one read.
	done map[string]string
}

func newIndexSync(ctx context.Context, raw string) (*indexSync, error) {
	cfg, err := pgxpool.ParseConfig(raw)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &indexSync{pool: pool, done: map[string]string{}}, nil
}

func (s *indexSync) close() { s.pool.Close() }

func (s *indexSync) every(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.syncAll(ctx); err != nil && ctx.Err() == nil {
				log.Printf("index sync: %v", err)
			}
		}
	}
}

// syncAll syncs every schema that holds FerretDB metadata.
func (s *indexSync) syncAll(ctx context.Context) (int, error) {
	rows, err := s.pool.Query(ctx, `SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname = '_ferretdb_database_metadata' AND c.relkind = 'r'`)
	if err != nil {
		return 0, err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	total := 0
	for _, schema := range schemas {
		n, err := s.syncSchema(ctx, schema)
		total += n
		if err != nil && !gone(err) {
			return total, err
		}
	}
	return total, nil
}

// syncSchema creates the GIN indexes a FerretDB database (one schema) lacks.
func (s *indexSync) syncSchema(ctx context.Context, schema string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	var fingerprint string
	q := fmt.Sprintf(`SELECT COALESCE(string_agg(_jsonb::text, ',' ORDER BY _jsonb->>'_id'), '') FROM %s`, pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
	if err := s.pool.QueryRow(ctx, q).Scan(&fingerprint); err != nil {
		return 0, err
	}
	if s.done[schema] == fingerprint {
		return 0, nil
	}

	wanted, err := s.wanted(ctx, schema)
	if err != nil {
		return 0, err
	}
	rows, err := s.pool.Query(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = $1`, schema)
	if err != nil {
		return 0, err
	}
	existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	have := make(map[string]bool, len(existing))
	for _, name := range existing {
		have[name] = true
	}
	created := 0
	if err := s.neuterBtrees(ctx, schema); err != nil && !gone(err) {
		return created, err
	}
	for _, w := range wanted {
		if have[w.name] {
			continue
		}
		// fastupdate off: no pending list of unindexed entries. With it on, a lookup reads the whole list
		// (and the planner may prefer reading the table) until a VACUUM merges it, and the insert that
		// overflows it pays for merging it: lookups would slow down, and writes stall, as data grows.
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((_jsonb->%s) jsonb_path_ops) WITH (fastupdate = off)`,
			pgx.Identifier{w.name}.Sanitize(), pgx.Identifier{schema, w.table}.Sanitize(), quoteLiteral(w.field))
		if _, err := s.pool.Exec(ctx, q); err != nil {
			if gone(err) { // the collection or database was dropped meanwhile
				continue
			}
			return created, fmt.Errorf("%s.%s (%s): %w", schema, w.table, w.field, err)
		}
		created++
	}
	if err := s.fastupdateOff(ctx, schema); err != nil && !gone(err) {
		return created, err
	}
	s.done[schema] = fingerprint
	return created, nil
}

// fastupdateOff turns the pending list off on GIN indexes made before it was
// part of CREATE INDEX, and merges what their list holds.
func (s *indexSync) fastupdateOff(ctx context.Context, schema string) error {
	rows, err := s.pool.Query(ctx, `SELECT c.relname FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
		WHERE n.nspname = $1 AND c.relkind = 'i' AND a.amname = 'gin'
		AND NOT COALESCE('fastupdate=off' = ANY (c.reloptions), false)`, schema)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, name := range names {
		ident := pgx.Identifier{schema, name}.Sanitize()
		if _, err := s.pool.Exec(ctx, fmt.Sprintf(`ALTER INDEX %s SET (fastupdate = off)`, ident)); err != nil {
			if gone(err) {
				continue
			}
			return err
		}
		if _, err := s.pool.Exec(ctx, `SELECT gin_clean_pending_list($1::regclass)`, ident); err != nil && !gone(err) {
			return err
		}
	}
	return nil
}

// neuterBtrees replaces each non-unique btree index FerretDB made for a
// declared index by an empty placeholder of the same name. FerretDB's filters
// never use them (they compare with @>, which only the GIN indexes serve), so
// they only cost writes, and a btree entry holds the whole value: an array of a
// few hundred ids exceeds PostgreSQL's 2,704-byte limit and the write fails.
// The placeholder keeps the name, so FerretDB can still list and drop it.
// Unique indexes stay: PostgreSQL enforces them.
func (s *indexSync) neuterBtrees(ctx context.Context, schema string) error {
	q := fmt.Sprintf(`SELECT _jsonb->>'table', COALESCE(_jsonb->'indexes', '[]'::jsonb) FROM %s`,
		pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
	rows, err := s.pool.Query(ctx, q)
	if err != nil {
		return err
	}
	type target struct{ table, index string }
	var targets []target
	for rows.Next() {
		var table string
		var raw []byte
		if err := rows.Scan(&table, &raw); err != nil {
			rows.Close()
			return err
		}
		var indexes []struct {
			PgIndex string `json:"pgindex"`
			Unique  bool   `json:"unique"`
		}
		if err := json.Unmarshal(raw, &indexes); err != nil {
			rows.Close()
			return fmt.Errorf("metadata of %s: %w", table, err)
		}
		for _, idx := range indexes {
			if !idx.Unique && idx.PgIndex != "" {
				targets = append(targets, target{table, idx.PgIndex})
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	defs := map[string]string{}
	defRows, err := s.pool.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1`, schema)
	if err != nil {
		return err
	}
	for defRows.Next() {
		var name, def string
		if err := defRows.Scan(&name, &def); err != nil {
			defRows.Close()
			return err
		}
		defs[name] = def
	}
	defRows.Close()
	for _, t := range targets {
		def, ok := defs[t.index]
		if !ok || strings.Contains(def, "WHERE false") {
			continue
		}
		tx, err := s.pool.Begin(ctx)
		if err != nil {
			return err
		}
		idx := pgx.Identifier{schema, t.index}.Sanitize()
		_, err = tx.Exec(ctx, "DROP INDEX "+idx)
		if err == nil {
			_, err = tx.Exec(ctx, fmt.Sprintf("CREATE INDEX %s ON %s ((1)) WHERE false", pgx.Identifier{t.index}.Sanitize(), pgx.Identifier{schema, t.table}.Sanitize()))
		}
		if err != nil {
			_ = tx.Rollback(ctx)
			if gone(err) {
				continue
			}
			return fmt.Errorf("placeholder for %s.%s: %w", schema, t.index, err)
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
	}
	return nil
}

type ginIndex struct{ table, field, name string }

// wanted lists the GIN indexes a schema should have, from FerretDB's metadata.
func (s *indexSync) wanted(ctx context.Context, schema string) ([]ginIndex, error) {
	q := fmt.Sprintf(`SELECT _jsonb->>'table', COALESCE(_jsonb->'indexes', '[]'::jsonb) FROM %s`,
		pgx.Identifier{schema, "_ferretdb_database_metadata"}.Sanitize())
	rows, err := s.pool.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ginIndex
	for rows.Next() {
		var table string
		var raw []byte
		if err := rows.Scan(&table, &raw); err != nil {
			return nil, err
		}
		fields := map[string]bool{"_id": true}
		var indexes []struct {
			Key map[string]json.RawMessage `json:"key"`
		}
		if err := json.Unmarshal(raw, &indexes); err != nil {
			return nil, fmt.Errorf("metadata of %s: %w", table, err)
		}
		for _, idx := range indexes {
			for field := range idx.Key {
				// "$s" is FerretDB's own schema key; dotted paths are never pushed down.
				if strings.HasPrefix(field, "$") || strings.Contains(field, ".") {
					continue
				}
				fields[field] = true
			}
		}
		names := make([]string, 0, len(fields))
		for f := range fields {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			out = append(out, ginIndex{table: table, field: f, name: ginIndexName(table, f)})
		}
	}
	return out, rows.Err()
}

// ginIndexName is deterministic and within PostgreSQL's 63-byte limit.
func ginIndexName(table, field string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(table + "\x00" + field))
	suffix := fmt.Sprintf("_gin_%08x", h.Sum32())
	prefix := table
	if len(prefix) > 63-len(suffix) {
		prefix = prefix[:63-len(suffix)]
	}
	return prefix + suffix
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// gone: the table or schema no longer exists (dropped while we looked).
func gone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "does not exist") || strings.Contains(msg, "SQLSTATE 42P01") || strings.Contains(msg, "SQLSTATE 3F000")
}
