//go:build !trainer_v2_1

// Trainer v2.2: validating and mutating webhook configurations rotated, feature gates (config
// file, then --feature-gates), the runtimes get the config, and the TrainJob status server runs
// when its feature gate is on (it reads the cert from upstream's constant path, so it would fail
// here: our output does not turn it on).
package main

import (
	"context"
	"flag"
	"os"

	certrotator "github.com/open-policy-agent/cert-controller/pkg/rotator"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	ctrl "sigs.k8s.io/controller-runtime"
	ctrlpkg "sigs.k8s.io/controller-runtime/pkg/controller"

	configapi "github.com/kubeflow/trainer/v2/pkg/apis/config/v1alpha1"
	"github.com/kubeflow/trainer/v2/pkg/controller"
	"github.com/kubeflow/trainer/v2/pkg/features"
	"github.com/kubeflow/trainer/v2/pkg/runtime"
	runtimecore "github.com/kubeflow/trainer/v2/pkg/runtime/core"
	"github.com/kubeflow/trainer/v2/pkg/statusserver"
	"github.com/kubeflow/trainer/v2/pkg/webhooks"
)

var rotatedWebhooks = []certrotator.WebhookInfo{
	{Type: certrotator.Validating, Name: "validator.trainer.kubeflow.org"},
	{Type: certrotator.Mutating, Name: "defaulter.trainer.kubeflow.org"},
}

var featureGates string

func versionFlags() {
	flag.StringVar(&featureGates, "feature-gates", "", "A comma-separated list of key=value pairs that describe feature gates.")
}

func versionSetup(_ *ctrl.Options, cfg *configapi.Configuration) error {
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(cfg.FeatureGates); err != nil {
		return err
	}
	if featureGates != "" {
		return utilfeature.DefaultMutableFeatureGate.Set(featureGates)
	}
	return nil
}

func newRuntimes(ctx context.Context, mgr ctrl.Manager, cfg *configapi.Configuration) (map[string]runtime.Runtime, error) {
	return runtimecore.New(ctx, mgr.GetClient(), mgr.GetFieldIndexer(), cfg)
}

func setupComponents(mgr ctrl.Manager, runtimes map[string]runtime.Runtime, cfg *configapi.Configuration, enableHTTP2 bool) {
	if failedCtrlName, err := controller.SetupControllers(mgr, runtimes, ctrlpkg.Options{}); err != nil {
		setupLog.Error(err, "Could not create controller", "controller", failedCtrlName)
		os.Exit(1)
	}
	if failedWebhook, err := webhooks.Setup(mgr, runtimes); err != nil {
		setupLog.Error(err, "Could not create webhook", "webhook", failedWebhook)
		os.Exit(1)
	}
	if features.Enabled(features.TrainJobStatus) {
		if err := statusserver.SetupServer(mgr, cfg.StatusServer, enableHTTP2); err != nil {
			setupLog.Error(err, "Could not create runtime status server")
			os.Exit(1)
		}
	}
}
