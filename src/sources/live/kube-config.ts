/**
 * Which cluster to read, chosen as kubectl chooses it: `--kubeconfig PATH`,
 * else `KUBECONFIG` (several files, merged), else `~/.kube/config`, else the
 * service account of the pod Palisade runs in; `--context NAME` picks a
 * context of that configuration. The client library does the loading and
 * every kind of credential (tokens, client certificates, CA data, exec
 * plugins); here is only the choice and the messages when it fails.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from './kube-client.js';
import { listed } from '../../model/list-text.js';

export interface ClusterOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/** A configuration that cannot be used: what is wrong and what would be right, for the user. */
export class KubeConfigError extends Error {}

/** Where an answer read from a cluster came from, for origins and messages. */
export interface ClusterTarget {
  config: KubeConfig;
  /** The context used, or `in-cluster` for a pod's service account. */
  context: string;
  server: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeConfig(opts: ClusterOptions, env: NodeJS.ProcessEnv = process.env): ClusterTarget {
  const config = new KubeConfig();
  try {
    if (opts.kubeconfig !== undefined) {
      if (!existsSync(opts.kubeconfig)) throw new KubeConfigError(`--kubeconfig ${opts.kubeconfig}: no such file`);
      config.loadFromFile(opts.kubeconfig);
    } else if (env['KUBECONFIG']) {
      const files = env['KUBECONFIG'].split(delimiter).filter(Boolean);
      // kubectl skips the files of KUBECONFIG that do not exist; so do we, unless none is left.
      const present = files.filter((f) => existsSync(f));
      if (present.length === 0) throw new KubeConfigError(`KUBECONFIG names no file that exists (${listed(files, 3)})`);
      mergeAsKubectl(config, present);
    } else if (existsSync(join(env['HOME'] ?? homedir(), '.kube', 'config'))) {
      config.loadFromFile(join(env['HOME'] ?? homedir(), '.kube', 'config'));
    } else if (env['KUBERNETES_SERVICE_HOST'] && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      config.loadFromCluster();
      return target(config, 'in-cluster');
    } else {
      throw new KubeConfigError(
        'no cluster configured: give --kubeconfig PATH, set KUBECONFIG, create ~/.kube/config (kubectl config), or run in a pod with a service account',
      );
    }
  } catch (e) {
    if (e instanceof KubeConfigError) throw e;
    throw new KubeConfigError(`the kubeconfig cannot be read: ${(e as Error).message}`);
  }
  if (opts.context !== undefined) {
    const names = config.getContexts().map((c) => c.name);
    if (!names.includes(opts.context)) {
      throw new KubeConfigError(`--context ${opts.context}: no such context in the kubeconfig; it has ${names.length ? listed(names, 10) : 'none'}`);
    }
    config.setCurrentContext(opts.context);
  }
  const context = config.getCurrentContext();
  if (!context) throw new KubeConfigError('the kubeconfig has no current context: give --context NAME (kubectl config get-contexts lists them)');
  return target(config, context);
}

function target(config: KubeConfig, context: string): ClusterTarget {
  const server = config.getCurrentCluster()?.server;
  if (!server) throw new KubeConfigError(`context ${context} names no cluster with a server URL`);
  return { config, context, server };
}

/**
 * kubectl's merge of several kubeconfig files: the first file that sets the
 * current context, or defines a cluster, user or context of a name, wins.
 * (The client library's own merge lets later files win and refuses a name
 * defined twice.)
 */
function mergeAsKubectl(config: KubeConfig, files: string[]): void {
  const merged = { clusters: [] as unknown[], users: [] as unknown[], contexts: [] as unknown[], currentContext: '' };
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const file of files) {
    const one = new KubeConfig();
    one.loadFromFile(file);
    merged.currentContext ||= one.getCurrentContext() ?? '';
    const add = (key: 'clusters' | 'users' | 'contexts', items: { name: string }[]) => {
      for (const item of items) {
        if (seen[key].has(item.name)) continue;
        seen[key].add(item.name);
        merged[key].push(item);
      }
    };
    add('clusters', one.getClusters());
    add('users', one.getUsers());
    add('contexts', one.getContexts());
  }
  config.loadFromOptions(merged);
}
