import { useEffect, useState } from 'preact/hooks';
import { checkOperatorKey, type Session, setSession, signIn } from '../api';
import { navigate } from '../router';
import { ErrorNote, Field, useAction } from '../ui';

/**
 * Sign in as a user of an account (the IAM password flow), with the operator key, or both. The first start writes
 * the user and password to data/bootstrap-credentials.json (account and project `default`, user `admin`).
 */
export function SignInPage() {
  const [account, setAccount] = useState('default');
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [project, setProject] = useState('');
  const [operatorKey, setOperatorKey] = useState('');
  const [asOperator, setAsOperator] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · AI Service Platform';
  }, []);

  const action = useAction(async () => {
    if (!password && !operatorKey) throw new Error('Enter a password, or an operator key.');
    const signedIn: Session = password ? await signIn({ account, user, password, project }) : {};
    if (operatorKey) await checkOperatorKey(operatorKey);
    setSession({ ...signedIn, ...(operatorKey ? { operatorKey } : {}) });
    navigate('/', true);
  });

  return (
    <main class="sign-in">
      <form
        class="card sign-in-card"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run();
        }}
      >
        <h1>AI Service Platform</h1>
        <p class="muted">Sign in to the console.</p>
        <Field label="Account" hint="The account (IAM domain) name; the first start creates “default”.">
          <input
            name="account"
            value={account}
            autoComplete="organization"
            onInput={(e) => setAccount(e.currentTarget.value)}
          />
        </Field>
        <Field label="User">
          <input name="user" value={user} autoComplete="username" onInput={(e) => setUser(e.currentTarget.value)} />
        </Field>
        <Field label="Password" hint="See data/bootstrap-credentials.json after the first start.">
          <input
            name="password"
            type="password"
            value={password}
            autoComplete="current-password"
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <Field label="Project" hint="Leave empty for your first project.">
          <input name="project" value={project} onInput={(e) => setProject(e.currentTarget.value)} />
        </Field>
        <details open={asOperator} onToggle={(e) => setAsOperator((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>Operator</summary>
          <Field label="Operator key" hint="AISP_OPERATOR_KEY of the service: model deployments, accounts, projects.">
            <input
              name="operator_key"
              type="password"
              value={operatorKey}
              autoComplete="off"
              onInput={(e) => setOperatorKey(e.currentTarget.value)}
            />
          </Field>
        </details>
        <ErrorNote error={action.error} />
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
