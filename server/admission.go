package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// The server sheds load rather than queueing it into memory: each class
// of costly request (queries, writes) runs at most so many at once; a few
// more may wait a little for a slot, holding nothing but their connection
// (their body is not read yet); beyond that, or past the wait, the answer
// is 503 with Retry-After. A 503 is a refusal, not a failure: nothing was
// done, the client may retry.

// admission is one class's slots and queue.
type admission struct {
	class      string
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	wait       time.Duration
	refused    func()
}

func newAdmission(class string, slots, maxWaiting int, wait time.Duration, refused func()) *admission {
	return &admission{class: class, slots: make(chan struct{}, slots), maxWaiting: int64(maxWaiting), wait: wait, refused: refused}
}

// busyError is the refusal of a request for want of a slot.
type busyError struct {
	class      string
	retryAfter time.Duration
}

func (e *busyError) Error() string {
	return fmt.Sprintf("server busy: too many %s running; retry in %s", e.class, e.retryAfter)
}

// enter takes a slot, waiting at most a.wait; release gives it back.
func (a *admission) enter(ctx context.Context) (release func(), err error) {
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	default:
	}
	if a.waiting.Add(1) > a.maxWaiting {
		a.waiting.Add(-1)
		return nil, a.busy()
	}
	defer a.waiting.Add(-1)
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	case <-t.C:
		return nil, a.busy()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (a *admission) release() { <-a.slots }

func (a *admission) busy() error {
	a.refused()
	return &busyError{class: a.class, retryAfter: time.Second}
}

// setRetryAfter sets the Retry-After header of a refusal, in whole
// seconds (at least one).
func setRetryAfter(h http.Header, d time.Duration) {
	h.Set("Retry-After", strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds())))))
}
