package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/bsontype"
)

// proxy forwards MongoDB wire messages between clients and FerretDB. It holds
// a write's lock (locks.go) until FerretDB's reply to it arrives, and after a
// createIndexes or create reply it brings the database's GIN indexes up to
// date before the client sees the reply.
type proxy struct {
	upstream string
	locks    *writeLocks
	indexes  *indexSync
}

const opMsg = 2013

func (p *proxy) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			log.Printf("accept: %v", err)
			continue
		}
		go p.handle(c)
	}
}

// pending is what the proxy does when the reply to one request arrives.
type pending struct {
	release  func() // the write lock held for it, or nil
	syncDB   string // database whose indexes to sync first, or ""
	released bool
}

func (p *proxy) handle(client net.Conn) {
	defer client.Close()
	up, err := net.Dial("unix", p.upstream)
	if err != nil {
		log.Printf("upstream: %v", err)
		return
	}
	defer up.Close()

	var mu sync.Mutex
	waiting := map[int32]*pending{}
	releaseAll := func() {
		mu.Lock()
		defer mu.Unlock()
		for id, w := range waiting {
			if w.release != nil && !w.released {
				w.released = true
				w.release()
			}
			delete(waiting, id)
		}
	}
	defer releaseAll()

	errc := make(chan error, 2)
	go func() { // client → FerretDB
		for {
			msg, err := readMessage(client)
			if err != nil {
				errc <- err
				return
			}
			if cmd, ok := parseCommand(msg); ok {
				w := &pending{release: p.locks.acquire(cmd)}
				if cmd.name == "createIndexes" || cmd.name == "create" {
					w.syncDB = cmd.db
				}
				if w.release != nil || w.syncDB != "" {
					mu.Lock()
					waiting[requestID(msg)] = w
					mu.Unlock()
				}
			}
			if _, err := up.Write(msg); err != nil {
				errc <- err
				return
			}
		}
	}()
	go func() { // FerretDB → client
		for {
			msg, err := readMessage(up)
			if err != nil {
				errc <- err
				return
			}
			mu.Lock()
			w := waiting[responseTo(msg)]
			delete(waiting, responseTo(msg))
			mu.Unlock()
			if w != nil && w.syncDB != "" {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				if _, err := p.indexes.syncSchema(ctx, w.syncDB); err != nil && !gone(err) {
					log.Printf("index sync of %s: %v", w.syncDB, err)
				}
				cancel()
			}
			if _, err := client.Write(msg); err != nil {
				errc <- err
				return
			}
			if w != nil && w.release != nil {
				mu.Lock()
				if !w.released {
					w.released = true
					w.release()
				}
				mu.Unlock()
			}
		}
	}()
	<-errc
	_ = client.Close()
	_ = up.Close()
}

func readMessage(r io.Reader) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(head[:]))
	if n < 16 || n > 64<<20 {
		return nil, errors.New("bad message length")
	}
	msg := make([]byte, n)
	copy(msg, head[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func requestID(msg []byte) int32  { return int32(binary.LittleEndian.Uint32(msg[4:8])) }
func responseTo(msg []byte) int32 { return int32(binary.LittleEndian.Uint32(msg[8:12])) }

// parseCommand reads an OP_MSG request: the command name (the body's first
// key), its database and collection, and its document sequences. Messages
// with moreToCome get no reply to release a lock on, so they are not parsed.
func parseCommand(msg []byte) (command, bool) {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return command{}, false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	if flags&2 != 0 {
		return command{}, false
	}
	end := len(msg)
	if flags&1 != 0 { // checksumPresent: a CRC-32C trails the sections
		end -= 4
	}
	c := command{seqs: map[string][]bson.Raw{}}
	pos := 20
	for pos < end {
		kind := msg[pos]
		pos++
		if pos+4 > end {
			return command{}, false
		}
		size := int(binary.LittleEndian.Uint32(msg[pos : pos+4]))
		if size < 5 || pos+size > end {
			return command{}, false
		}
		section := msg[pos : pos+size]
		switch kind {
		case 0:
			c.body = bson.Raw(section)
		case 1:
			// int32 size, C-string identifier, then BSON documents
			rest := section[4:]
			nul := bytes.IndexByte(rest, 0)
			if nul < 0 {
				return command{}, false
			}
			id := string(rest[:nul])
			docs := rest[nul+1:]
			for len(docs) >= 5 {
				n := int(binary.LittleEndian.Uint32(docs[:4]))
				if n < 5 || n > len(docs) {
					return command{}, false
				}
				c.seqs[id] = append(c.seqs[id], bson.Raw(docs[:n]))
				docs = docs[n:]
			}
		default:
			return command{}, false
		}
		pos += size
	}
	if c.body == nil {
		return command{}, false
	}
	first, err := c.body.IndexErr(0)
	if err != nil {
		return command{}, false
	}
	c.name = first.Key()
	if v := first.Value(); v.Type == bsontype.String {
		c.coll = v.StringValue()
	}
	if v, err := c.body.LookupErr("$db"); err == nil && v.Type == bsontype.String {
		c.db = v.StringValue()
	}
	c.valid = true
	return c, true
}
