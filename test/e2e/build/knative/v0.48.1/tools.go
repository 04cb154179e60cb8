//go:build tools

// Wrapper module for the e2e test (test/e2e/build/build.sh): pins Knative Serving's version;
// the blank imports keep its main packages in go.mod/go.sum through `go mod tidy`.
package tools

import (
	_ "knative.dev/serving/cmd/controller"
	_ "knative.dev/serving/cmd/webhook"
)
