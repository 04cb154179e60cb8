//go:build tools

// Package tools pins the Kubernetes control-plane binaries the e2e test runs.
// Built with `go build` from this module (see ../build.sh): k8s.io/kubernetes
// cannot be `go install`ed because its go.mod replaces the k8s.io/* staging
// modules with local paths; here they point at their published v0.Y.Z.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
