import { EXTERNAL_REFERENCES_ANNOTATION } from '../../lib/core';
import { Manifest } from './manifests';

type Obj = Record<string, any>;

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const CLUSTER_SCOPED_KINDS = [
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'PersistentVolume',
];

/** The pod template of a workload, or undefined for other kinds. */
export function podTemplate(m: Manifest): Obj | undefined {
  if (!WORKLOAD_KINDS.includes(m.kind)) return undefined;
  const spec = (m as Obj).spec;
  return m.kind === 'CronJob' ? spec.jobTemplate.spec.template : spec.template;
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * The rules every object the library synthesizes must follow. Returns one line per violation, naming the
 * object, so a failing test says exactly what to fix.
 */
export function policyViolations(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const id = (m: Manifest) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`;
  const exists = (kind: string, namespace: string | undefined, name: string) =>
    manifests.some((m) => m.kind === kind && m.metadata.name === name && m.metadata.namespace === namespace);
  const hpaMax = (m: Manifest) =>
    manifests
      .filter((h) => h.kind === 'HorizontalPodAutoscaler' || h.kind === 'ScaledObject')
      .filter((h) => (h as Obj).spec.scaleTargetRef?.name === m.metadata.name)
      .map((h) => (h as Obj).spec.maxReplicas ?? (h as Obj).spec.maxReplicaCount ?? 1)[0];

  const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
  for (const m of manifests) {
    const labelSets = [m.metadata.labels ?? {}, podTemplate(m)?.metadata?.labels ?? {}];
    for (const labels of labelSets) {
      for (const [k, v] of Object.entries(labels as Record<string, string>)) {
        if (String(v).length > 63 || !LABEL_VALUE.test(String(v))) {
          problems.push(
            `${id(m)}: label ${k} value '${v}' is not a valid label value (at most 63 characters)`,
          );
        }
      }
    }
    if (CLUSTER_SCOPED_KINDS.includes(m.kind) && m.metadata.namespace !== undefined) {
      problems.push(`${id(m)}: is cluster-scoped but carries a namespace`);
    }
    const template = podTemplate(m);
    if (template) {
      const pod = template.spec as Obj;
      const where = id(m);
      const psc = pod.securityContext ?? {};
      if (psc.runAsNonRoot !== true) problems.push(`${where}: pod securityContext.runAsNonRoot is not true`);
      if (psc.seccompProfile?.type !== 'RuntimeDefault')
        problems.push(`${where}: pod seccompProfile is not RuntimeDefault`);
      if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push(`${where}: uses host namespaces`);
      if (pod.automountServiceAccountToken !== false && pod.serviceAccountName === undefined) {
        problems.push(`${where}: mounts a service-account token without a service account of its own`);
      }
      const longRunning = m.kind !== 'Job' && m.kind !== 'CronJob';
      for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as Obj[]) {
        const at = `${where} container ${c.name}`;
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false)
          problems.push(`${at}: allowPrivilegeEscalation is not false`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL'))
          problems.push(`${at}: does not drop ALL capabilities`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: root filesystem is writable`);
        if (sc.privileged) problems.push(`${at}: is privileged`);
        for (const kind of ['requests', 'limits']) {
          for (const resource of ['cpu', 'memory']) {
            if (c.resources?.[kind]?.[resource] === undefined) problems.push(`${at}: no ${resource} ${kind}`);
          }
        }
        if (!/^[^:]+(:[^:]+)?:(?!latest$)[\w.-]+$/.test(c.image ?? '') && !/@sha256:/.test(c.image ?? '')) {
          problems.push(`${at}: image '${c.image}' is not pinned to a tag`);
        }
        if (longRunning && !(pod.initContainers ?? []).includes(c)) {
          if (!c.livenessProbe) problems.push(`${at}: no liveness probe`);
          if (!c.readinessProbe) problems.push(`${at}: no readiness probe`);
        }
      }
      // References to ConfigMaps, Secrets and claims must be synthesized or declared external.
      const ns = m.metadata.namespace;
      const external = String(template.metadata?.annotations?.[EXTERNAL_REFERENCES_ANNOTATION] ?? '')
        .split(',')
        .filter((s) => s !== '');
      const refs: [string, string][] = [];
      for (const v of (pod.volumes ?? []) as Obj[]) {
        if (v.configMap) refs.push(['ConfigMap', v.configMap.name]);
        if (v.secret) refs.push(['Secret', v.secret.secretName]);
        // Kubernetes mounts Secret files 0644 unless told: world-readable inside the pod.
        if (v.secret && (v.secret.defaultMode === undefined || (v.secret.defaultMode & 0o037) !== 0)) {
          problems.push(`${where}: Secret volume ${v.name} has no defaultMode of 0440 or tighter`);
        }
        if (v.persistentVolumeClaim) refs.push(['PersistentVolumeClaim', v.persistentVolumeClaim.claimName]);
        for (const s of (v.projected?.sources ?? []) as Obj[]) {
          if (s.configMap) refs.push(['ConfigMap', s.configMap.name]);
          if (s.secret) refs.push(['Secret', s.secret.name]);
        }
      }
      for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as Obj[]) {
        for (const e of (c.env ?? []) as Obj[]) {
          if (e.valueFrom?.secretKeyRef) refs.push(['Secret', e.valueFrom.secretKeyRef.name]);
          if (e.valueFrom?.configMapKeyRef) refs.push(['ConfigMap', e.valueFrom.configMapKeyRef.name]);
        }
        for (const e of (c.envFrom ?? []) as Obj[]) {
          if (e.secretRef) refs.push(['Secret', e.secretRef.name]);
          if (e.configMapRef) refs.push(['ConfigMap', e.configMapRef.name]);
        }
      }
      const claimTemplates = ((m as Obj).spec.volumeClaimTemplates ?? []).map((t: Obj) => t.metadata.name);
      for (const [kind, name] of refs) {
        if (exists(kind, ns, name) || external.includes(`${kind}/${name}`)) continue;
        if (kind === 'PersistentVolumeClaim' && claimTemplates.includes(name)) continue;
        problems.push(
          `${where}: references ${kind} '${name}', which is neither synthesized nor declared external`,
        );
      }
      // Replicated workloads need a PDB and spread.
      const replicas = hpaMax(m) ?? (m as Obj).spec.replicas ?? 1;
      if (longRunning && replicas > 1) {
        const labels = template.metadata?.labels ?? {};
        const pdb = manifests.find(
          (p) =>
            p.kind === 'PodDisruptionBudget' &&
            p.metadata.namespace === ns &&
            matches((p as Obj).spec.selector.matchLabels, labels),
        );
        if (!pdb) problems.push(`${where}: ${replicas} replicas but no PodDisruptionBudget selects its pods`);
        if (!(pod.topologySpreadConstraints?.length > 0))
          problems.push(`${where}: replicated without topology spread`);
      }
    }
    if (m.kind === 'Service') {
      const selector = (m as Obj).spec.selector as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) {
        if ((m as Obj).spec.type !== 'ExternalName') problems.push(`${id(m)}: has no selector`);
      } else {
        // The StatefulSet controller labels each pod with its name (statefulset.kubernetes.io/pod-name): a Service
        // selecting one replica matches a pod the set will create, `<set>-<i>` with i below its replicas.
        const podName = selector['statefulset.kubernetes.io/pod-name'];
        const templateSelector = Object.fromEntries(
          Object.entries(selector).filter(([k]) => k !== 'statefulset.kubernetes.io/pod-name'),
        );
        const selected = manifests.some(
          (w) =>
            w.metadata.namespace === m.metadata.namespace &&
            matches(templateSelector, podTemplate(w)?.metadata?.labels) &&
            (podName === undefined ||
              (w.kind === 'StatefulSet' &&
                Array.from(
                  { length: ((w as Obj).spec.replicas as number | undefined) ?? 1 },
                  (_, i) => `${w.metadata.name}-${i}`,
                ).includes(podName))),
        );
        if (!selected) problems.push(`${id(m)}: selects no pod template`);
      }
    }
  }
  return problems;
}

/**
 * The DNS egress rule every egress-isolated workload gets, as it appears in a NetworkPolicy: the cluster resolver's
 * pods (`k8s-app: kube-dns` in kube-system) and NodeLocal DNSCache (169.254.20.10), on port 53 over UDP and TCP.
 * Written out here, not taken from lib/core, so a changed constant there fails the tests that use it.
 */
export const DNS_EGRESS_RULE = {
  to: [
    {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
    { ipBlock: { cidr: '169.254.20.10/32' } },
  ],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};
