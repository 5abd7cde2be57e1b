import { type JSX, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getSession, listProjects, onSessionChange, type Project, type Session, signOut, switchProject } from './api';
import { navigate, usePath } from './router';
import { ErrorNote, Link } from './ui';
import { SignInPage } from './pages/sign-in';
import { EndpointsPage } from './pages/endpoints';
import { ServicesPage } from './pages/services';
import { ApiKeysPage } from './pages/api-keys';
import { UsagePage } from './pages/usage';
import { BatchesPage } from './pages/batches';
import { ModelsPage } from './pages/models';
import { PlaygroundPage } from './pages/playground';
import { JobsPage } from './pages/jobs';
import { GlossariesPage } from './pages/glossaries';
import { AccountsPage } from './pages/accounts';
import { ProjectsPage } from './pages/projects';
import './styles.css';

interface PageEntry {
  path: string;
  label: string;
  group: 'MaaS' | 'Moderation' | 'Operator';
  needs: 'user' | 'operator';
  render: () => JSX.Element;
}

const pages: PageEntry[] = [
  { path: '/maas/endpoints', label: 'Custom endpoints', group: 'MaaS', needs: 'user', render: () => <EndpointsPage /> },
  { path: '/maas/services', label: 'My services', group: 'MaaS', needs: 'user', render: () => <ServicesPage /> },
  { path: '/maas/api-keys', label: 'API keys', group: 'MaaS', needs: 'user', render: () => <ApiKeysPage /> },
  { path: '/maas/usage', label: 'Usage', group: 'MaaS', needs: 'user', render: () => <UsagePage /> },
  { path: '/maas/batches', label: 'Batches', group: 'MaaS', needs: 'user', render: () => <BatchesPage /> },
  {
    path: '/moderation/playground',
    label: 'Playground',
    group: 'Moderation',
    needs: 'user',
    render: () => <PlaygroundPage />,
  },
  { path: '/moderation/jobs', label: 'Jobs', group: 'Moderation', needs: 'user', render: () => <JobsPage /> },
  {
    path: '/moderation/glossaries',
    label: 'Glossaries',
    group: 'Moderation',
    needs: 'user',
    render: () => <GlossariesPage />,
  },
  {
    path: '/operator/models',
    label: 'Model deployments',
    group: 'Operator',
    needs: 'operator',
    render: () => <ModelsPage />,
  },
  {
    path: '/operator/accounts',
    label: 'Accounts',
    group: 'Operator',
    needs: 'operator',
    render: () => <AccountsPage />,
  },
  {
    path: '/operator/projects',
    label: 'Projects',
    group: 'Operator',
    needs: 'operator',
    render: () => <ProjectsPage />,
  },
];

function allowed(page: PageEntry, session: Session): boolean {
  return page.needs === 'user' ? Boolean(session.token) : Boolean(session.operatorKey);
}

function useSession(): Session {
  const [session, setSession] = useState(getSession);
  useEffect(() => onSessionChange(() => setSession(getSession())), []);
  return session;
}

function ProjectSwitcher({ session }: { session: Session }) {
  const [projects, setProjects] = useState<Project[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!session.token) return;
    listProjects().then(setProjects, () => setProjects(undefined));
  }, [session.token]);
  if (!session.token) return null;
  if (!projects || projects.length < 2) {
    return (
      <span class="project" title={`project id ${session.projectId}`}>
        {session.projectName}
      </span>
    );
  }
  return (
    <>
      <select
        class="project-select"
        aria-label="Project"
        value={session.projectId}
        onChange={(e) => {
          setError(undefined);
          switchProject((e.currentTarget as HTMLSelectElement).value).catch(setError);
        }}
      >
        {projects.map((p) => (
          <option value={p.id} key={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </>
  );
}

function App() {
  const path = usePath();
  const session = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const signedIn = Boolean(session.token || session.operatorKey);
  const available = pages.filter((p) => allowed(p, session));
  const page = pages.find((p) => p.path === path);

  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!signedIn && path !== '/sign-in') navigate('/sign-in', true);
    else if (signedIn && (path === '/' || path === '/sign-in' || (page && !allowed(page, session)))) {
      navigate(available[0]!.path, true);
    }
  }, [signedIn, path, session.token, session.operatorKey]);

  if (!signedIn || path === '/sign-in') return <SignInPage />;

  const groups = ['MaaS', 'Moderation', 'Operator'] as const;
  return (
    <div class="shell">
      <header class="topbar">
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          ☰<span class="visually-hidden">Menu</span>
        </button>
        <Link to={available[0]!.path} class="brand">
          AI Service Platform
        </Link>
        <div class="who">
          <ProjectSwitcher session={session} />
          {session.userName ? (
            <span class="user">
              {session.userName}@{session.accountName}
            </span>
          ) : null}
          {session.operatorKey ? <span class="badge info">operator</span> : null}
          <button type="button" class="secondary small" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="nav" class={menuOpen ? 'nav open' : 'nav'} aria-label="Console">
        {groups.map((group) => {
          const entries = available.filter((p) => p.group === group);
          if (entries.length === 0) return null;
          return (
            <div class="nav-group" key={group}>
              <h2>{group}</h2>
              <ul>
                {entries.map((p) => (
                  <li key={p.path}>
                    <Link to={p.path} aria-current={p.path === path ? 'page' : undefined}>
                      {p.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </nav>
      <main class="content">
        {page && allowed(page, session) ? (
          page.render()
        ) : (
          <section class="page">
            <h1>Not found</h1>
            <p>
              There is no page at <code>{path}</code>. <Link to={available[0]!.path}>Go to {available[0]!.label}</Link>
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
