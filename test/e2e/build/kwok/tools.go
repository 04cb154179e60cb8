//go:build tools

// Package tools pins kwok, which fakes kubelets: pods bound to its nodes become
// Running and Ready without any container runtime.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
