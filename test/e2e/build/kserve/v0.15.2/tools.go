//go:build tools

// Package tools pins KServe's manager (the InferenceService controller and its webhooks, one
// process) at the version of this folder; see ../bins and ../../build.sh.
package tools

import (
	_ "github.com/kserve/kserve/cmd/manager"
)
