package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// upkeep stands in for autovacuum on a PostgreSQL server that runs without it
// (some machines start PostgreSQL with autovacuum off): without VACUUM, every
// update leaves a dead row version behind and tables and indexes grow for
// ever; without ANALYZE, the planner keeps the row estimates of an empty table
// and may read a whole table rather than use an index. With autovacuum on,
// it does nothing: the server does this itself.
//
// Thresholds follow autovacuum's defaults: VACUUM (ANALYZE) a table once its
// dead rows pass 50 + 20 % of its live rows; ANALYZE it once the rows changed
// since the last ANALYZE pass 50 + 10 %.
type upkeep struct {
	pool *pgxpool.Pool
}

type tableStats struct {
	schema, table       string
	live, dead, changed int64
}

func (u *upkeep) every(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := u.run(ctx); err != nil && ctx.Err() == nil {
				log.Printf("table upkeep: %v", err)
			}
		}
	}
}

// run vacuums and analyses the tables that need it, one at a time.
func (u *upkeep) run(ctx context.Context) error {
	var autovacuum string
	if err := u.pool.QueryRow(ctx, `SHOW autovacuum`).Scan(&autovacuum); err != nil {
		return err
	}
	if autovacuum == "on" {
		return nil
	}
	rows, err := u.pool.Query(ctx, `SELECT schemaname, relname, n_live_tup, n_dead_tup, n_mod_since_analyze FROM pg_stat_user_tables`)
	if err != nil {
		return err
	}
	stats, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (tableStats, error) {
		var s tableStats
		err := r.Scan(&s.schema, &s.table, &s.live, &s.dead, &s.changed)
		return s, err
	})
	if err != nil {
		return err
	}
	for _, s := range stats {
		verb := ""
		switch {
		case s.dead > 50+s.live/5:
			verb = "VACUUM (ANALYZE)"
		case s.changed > 50+s.live/10:
			verb = "ANALYZE"
		default:
			continue
		}
		q := fmt.Sprintf("%s %s", verb, pgx.Identifier{s.schema, s.table}.Sanitize())
		if _, err := u.pool.Exec(ctx, q); err != nil && !gone(err) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			log.Printf("table upkeep: %s: %v", q, err)
		}
	}
	return nil
}
