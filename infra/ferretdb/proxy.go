package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log"
	"net"
	"sync"
)

// proxy forwards MongoDB wire messages between clients and FerretDB and lets
// one write command through at a time (see main.go for why).
type proxy struct {
	upstream string
	writes   sync.Mutex
}

const opMsg = 2013

// writeCommands are the commands whose "read, then write" must not interleave.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
}

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

// conn pairs one client with one upstream connection; pending holds the
// request id of the write it is waiting on (the global lock is held until
// that reply arrives).
type conn struct {
	mu      sync.Mutex
	pending map[int32]bool
	holds   int
}

func (p *proxy) handle(client net.Conn) {
	defer client.Close()
	up, err := net.Dial("unix", p.upstream)
	if err != nil {
		log.Printf("upstream: %v", err)
		return
	}
	defer up.Close()

	st := &conn{pending: map[int32]bool{}}
	release := func() {
		st.mu.Lock()
		for st.holds > 0 {
			st.holds--
			p.writes.Unlock()
		}
		st.pending = map[int32]bool{}
		st.mu.Unlock()
	}
	defer release()

	errc := make(chan error, 2)
	go func() { // client → FerretDB
		for {
			msg, err := readMessage(client)
			if err != nil {
				errc <- err
				return
			}
			if isWrite(msg) {
				p.writes.Lock()
				st.mu.Lock()
				st.pending[requestID(msg)] = true
				st.holds++
				st.mu.Unlock()
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
			if _, err := client.Write(msg); err != nil {
				errc <- err
				return
			}
			st.mu.Lock()
			if st.pending[responseTo(msg)] {
				delete(st.pending, responseTo(msg))
				st.holds--
				p.writes.Unlock()
			}
			st.mu.Unlock()
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

// isWrite reads the command name: the first key of the OP_MSG body section.
func isWrite(msg []byte) bool {
	if len(msg) < 21 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return false
	}
	if binary.LittleEndian.Uint32(msg[16:20])&2 != 0 {
		return false // moreToCome: an unacknowledged write gets no reply to release the lock on
	}
	pos := 20 // header (16) + flagBits (4)
	for pos < len(msg) {
		kind := msg[pos]
		pos++
		if pos+4 > len(msg) {
			return false
		}
		size := int(binary.LittleEndian.Uint32(msg[pos : pos+4]))
		if kind == 0 {
			// BSON document: int32 length, then element type, then the key as a C string.
			if pos+5 >= len(msg) {
				return false
			}
			key := msg[pos+5:]
			end := bytes.IndexByte(key, 0)
			if end < 0 {
				return false
			}
			return writeCommands[string(key[:end])]
		}
		pos += size // kind 1: document sequence, size includes itself
	}
	return false
}
