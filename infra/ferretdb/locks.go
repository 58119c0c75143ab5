package main

import (
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/bsontype"
)

// writeLocks restores MongoDB's single-document write atomicity over
// FerretDB v1, whose updates read, change in Go, then write by _id.
//
//   - insert: no lock. A new document cannot be half-updated, and PostgreSQL
//     enforces unique indexes (a racing duplicate gets E11000).
//   - update / delete / findAndModify addressed by a scalar `_id`: the
//     document's lock, plus a shared hold on its collection.
//   - any other update / delete / findAndModify: the collection's exclusive
//     lock (it may touch any document of the collection).
//
// In global mode every write (insert included) takes one process-wide lock,
// which is what this wrapper did before; kept to measure against.
type writeLocks struct {
	global bool
	one    sync.Mutex

	mu    sync.Mutex
	colls map[string]*lockEntry
	docs  map[string]*lockEntry
}

type lockEntry struct {
	rw   sync.RWMutex
	refs int
}

func newWriteLocks(global bool) *writeLocks {
	return &writeLocks{global: global, colls: map[string]*lockEntry{}, docs: map[string]*lockEntry{}}
}

// command is what the proxy read of one OP_MSG request.
type command struct {
	name  string
	db    string
	coll  string
	body  bson.Raw
	seqs  map[string][]bson.Raw // document sequences (kind 1 sections) by identifier
	valid bool
}

// acquire blocks until the command may run and returns the release, or nil
// when the command needs no lock.
func (w *writeLocks) acquire(c command) func() {
	if !c.valid {
		return nil
	}
	kind := writeKind(c.name)
	if kind == notWrite {
		return nil
	}
	if w.global {
		w.one.Lock()
		return w.one.Unlock
	}
	if kind == insertWrite {
		return nil
	}
	collKey := c.db + "\x00" + c.coll
	if id, ok := singleID(c, kind); ok {
		coll := w.hold(w.colls, collKey)
		coll.rw.RLock()
		docKey := collKey + "\x00" + id
		doc := w.hold(w.docs, docKey)
		doc.rw.Lock()
		return func() {
			doc.rw.Unlock()
			w.drop(w.docs, docKey, doc)
			coll.rw.RUnlock()
			w.drop(w.colls, collKey, coll)
		}
	}
	coll := w.hold(w.colls, collKey)
	coll.rw.Lock()
	return func() {
		coll.rw.Unlock()
		w.drop(w.colls, collKey, coll)
	}
}

func (w *writeLocks) hold(m map[string]*lockEntry, key string) *lockEntry {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := m[key]
	if e == nil {
		e = &lockEntry{}
		m[key] = e
	}
	e.refs++
	return e
}

func (w *writeLocks) drop(m map[string]*lockEntry, key string, e *lockEntry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e.refs--
	if e.refs == 0 {
		delete(m, key)
	}
}

type writeKindT int

const (
	notWrite writeKindT = iota
	insertWrite
	updateWrite
	deleteWrite
	findAndModifyWrite
)

func writeKind(name string) writeKindT {
	switch name {
	case "insert":
		return insertWrite
	case "update":
		return updateWrite
	case "delete":
		return deleteWrite
	case "findAndModify", "findandmodify":
		return findAndModifyWrite
	}
	return notWrite
}

// singleID returns the raw bytes (type + value) of the scalar `_id` that the
// command's only statement is addressed by.
func singleID(c command, kind writeKindT) (string, bool) {
	var filter bson.Raw
	switch kind {
	case findAndModifyWrite:
		v, err := c.body.LookupErr("query")
		if err != nil || v.Type != bsontype.EmbeddedDocument {
			return "", false
		}
		filter = v.Document()
	case updateWrite, deleteWrite:
		field := "updates"
		if kind == deleteWrite {
			field = "deletes"
		}
		stmts := statements(c, field)
		if len(stmts) != 1 {
			return "", false
		}
		v, err := stmts[0].LookupErr("q")
		if err != nil || v.Type != bsontype.EmbeddedDocument {
			return "", false
		}
		filter = v.Document()
	default:
		return "", false
	}
	id, err := filter.LookupErr("_id")
	if err != nil {
		return "", false
	}
	switch id.Type {
	case bsontype.String, bsontype.ObjectID, bsontype.Int32, bsontype.Int64, bsontype.Double, bsontype.DateTime, bsontype.Boolean:
		return string([]byte{byte(id.Type)}) + string(id.Value), true
	}
	return "", false
}

// statements reads an array field of the body, or the document sequence of that name.
func statements(c command, field string) []bson.Raw {
	if seq, ok := c.seqs[field]; ok {
		return seq
	}
	v, err := c.body.LookupErr(field)
	if err != nil || v.Type != bsontype.Array {
		return nil
	}
	values, err := v.Array().Values()
	if err != nil {
		return nil
	}
	out := make([]bson.Raw, 0, len(values))
	for _, e := range values {
		if e.Type != bsontype.EmbeddedDocument {
			return nil
		}
		out = append(out, e.Document())
	}
	return out
}
