package graph

import (
	"context"
	"os"
	"os/user"
)

type actorKey struct{}

// WithActor returns a context that names who makes the writes done with
// it; the change log records the name (the CLI passes the user's login
// name, the server the name of the token used).
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, name)
}

// ActorOf returns the name WithActor put in ctx, else the login name of
// the process's user, else "unknown".
func ActorOf(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
