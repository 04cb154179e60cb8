//go:build cm_v1_16

package main

import (
	"k8s.io/utils/clock"

	config "github.com/cert-manager/cert-manager/internal/apis/config/controller"
	"github.com/cert-manager/cert-manager/pkg/acme/accounts"
	"github.com/cert-manager/cert-manager/pkg/controller"
	logf "github.com/cert-manager/cert-manager/pkg/logs"
	"github.com/cert-manager/cert-manager/pkg/metrics"
)

// 1.16: the caller gives the clock, the metrics and the ACME account registry.
func versionOptions(_ *config.ControllerConfiguration, o *controller.ContextOptions) {
	o.Clock = clock.RealClock{}
	o.Metrics = metrics.New(logf.Log, o.Clock)
	o.ACMEOptions.AccountRegistry = accounts.NewDefaultRegistry()
}
