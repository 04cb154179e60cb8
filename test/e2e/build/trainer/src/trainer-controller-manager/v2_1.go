//go:build trainer_v2_1

// Trainer v2.1: one validating webhook configuration rotated, unstructured objects cached,
// no feature gates.
package main

import (
	"context"
	"os"

	certrotator "github.com/open-policy-agent/cert-controller/pkg/rotator"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlpkg "sigs.k8s.io/controller-runtime/pkg/controller"

	configapi "github.com/kubeflow/trainer/v2/pkg/apis/config/v1alpha1"
	"github.com/kubeflow/trainer/v2/pkg/controller"
	"github.com/kubeflow/trainer/v2/pkg/runtime"
	runtimecore "github.com/kubeflow/trainer/v2/pkg/runtime/core"
	"github.com/kubeflow/trainer/v2/pkg/webhooks"
)

var rotatedWebhooks = []certrotator.WebhookInfo{{Type: certrotator.Validating, Name: "validator.trainer.kubeflow.org"}}

func versionFlags() {}

func versionSetup(options *ctrl.Options, _ *configapi.Configuration) error {
	options.Client = client.Options{Cache: &client.CacheOptions{Unstructured: true}}
	return nil
}

func newRuntimes(ctx context.Context, mgr ctrl.Manager, _ *configapi.Configuration) (map[string]runtime.Runtime, error) {
	return runtimecore.New(ctx, mgr.GetClient(), mgr.GetFieldIndexer())
}

func setupComponents(mgr ctrl.Manager, runtimes map[string]runtime.Runtime, _ *configapi.Configuration, _ bool) {
	if failedCtrlName, err := controller.SetupControllers(mgr, runtimes, ctrlpkg.Options{}); err != nil {
		setupLog.Error(err, "Could not create controller", "controller", failedCtrlName)
		os.Exit(1)
	}
	if failedWebhook, err := webhooks.Setup(mgr, runtimes); err != nil {
		setupLog.Error(err, "Could not create webhook", "webhook", failedWebhook)
		os.Exit(1)
	}
}
