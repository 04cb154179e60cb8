import { ComponentKey } from '../config/schema';

/** A menu entry of the central dashboard's sidebar. */
export interface MenuItem {
  readonly type: 'item';
  readonly link: string;
  readonly text: string;
  readonly icon?: string;
}
export interface MenuSection {
  readonly type: 'section';
  readonly text: string;
  readonly icon: string;
  readonly items: readonly MenuItem[];
}
export type MenuLink = MenuItem | MenuSection;

/** A link with a description: documentation and the home page's quick links. */
export interface DescribedLink {
  readonly text: string;
  readonly desc: string;
  readonly link: string;
}

/** The dashboard's `links` document (its `centraldashboard-config` ConfigMap). */
export interface DashboardLinks {
  readonly menuLinks: readonly MenuLink[];
  readonly externalLinks: readonly MenuItem[];
  readonly documentationItems: readonly DescribedLink[];
  readonly quickLinks: readonly DescribedLink[];
}

/** Links, each shown only when its component is installed; `always` for Kubeflow's own. */
interface Linked<T> {
  readonly component: ComponentKey | 'always';
  readonly entry: T;
}

const item = (link: string, text: string, icon?: string): MenuItem => ({ type: 'item', link, text, ...(icon ? { icon } : {}) });
const pipeline = (hash: string, text: string) => item(`/pipeline/#/${hash}`, text);
const docs = (path: string, text: string, desc: string): DescribedLink => ({ desc, link: `https://www.kubeflow.org/${path}`, text });

const MENU: readonly Linked<MenuLink>[] = [
  { component: 'notebooks', entry: item('/jupyter/', 'Notebooks', 'book') },
  { component: 'tensorboards', entry: item('/tensorboards/', 'TensorBoards', 'assessment') },
  { component: 'volumes', entry: item('/volumes/', 'Volumes', 'device:storage') },
  { component: 'katib', entry: item('/katib/', 'Katib Experiments', 'kubeflow:katib') },
  { component: 'kserve', entry: item('/kserve-endpoints/', 'KServe Endpoints', 'kubeflow:models') },
  {
    component: 'pipelines',
    entry: {
      type: 'section',
      text: 'Pipelines',
      icon: 'kubeflow:pipeline-centered',
      items: [
        pipeline('pipelines', 'Pipelines'), pipeline('experiments', 'Experiments'), pipeline('runs', 'Runs'),
        pipeline('recurringruns', 'Recurring Runs'), pipeline('artifacts', 'Artifacts'), pipeline('executions', 'Executions'),
      ],
    },
  },
];

const DOCS: readonly Linked<DescribedLink>[] = [
  { component: 'always', entry: docs('', 'Kubeflow Website', 'The Kubeflow website') },
  { component: 'pipelines', entry: docs('docs/components/pipelines/', 'Kubeflow Pipelines Documentation', 'Documentation for Kubeflow Pipelines') },
  { component: 'notebooks', entry: docs('docs/components/notebooks/', 'Kubeflow Notebooks Documentation', 'Documentation for Kubeflow Notebooks') },
  { component: 'trainer', entry: docs('docs/components/training/', 'Kubeflow Training Operator Documentation', 'Documentation for Kubeflow Training Operator') },
  { component: 'katib', entry: docs('docs/components/katib/', 'Katib Documentation', 'Documentation for Katib') },
];

const QUICK: readonly Linked<DescribedLink>[] = [
  { component: 'notebooks', entry: { desc: 'Kubeflow Notebooks', link: '/jupyter/new', text: 'Create a new Notebook' } },
  { component: 'pipelines', entry: { desc: 'Kubeflow Pipelines', link: '/pipeline/#/pipelines', text: 'Upload a Pipeline' } },
  { component: 'pipelines', entry: { desc: 'Pipelines', link: '/pipeline/#/runs', text: 'View Pipeline Runs' } },
];

/**
 * The dashboard's links for the components the cluster has: a menu entry for a
 * component that is not there would lead to a 404 behind the gateway.
 */
export function dashboardLinks(installed: readonly ComponentKey[], externalLinks: readonly MenuItem[] = []): DashboardLinks {
  const pick = <T>(list: readonly Linked<T>[]) => list.filter((l) => l.component === 'always' || installed.includes(l.component)).map((l) => l.entry);
  return { menuLinks: pick(MENU), externalLinks: [...externalLinks], documentationItems: pick(DOCS), quickLinks: pick(QUICK) };
}
