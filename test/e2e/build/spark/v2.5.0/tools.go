//go:build tools

// Blank imports of the main packages build.sh builds, so that `go mod tidy` keeps their
// dependencies in go.mod and go.sum.
package tools

import _ "github.com/kubeflow/spark-operator/v2/cmd/operator"
