import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call, projectPath } from '../api';
import {
  Badge,
  Card,
  ConfirmButton,
  Empty,
  ErrorNote,
  Field,
  Link,
  Notice,
  Page,
  parseList,
  useAction,
  useLoad,
} from '../ui';
import { type Glossary, listGlossaries } from './playground';

const glossaryPath = (name = '') =>
  projectPath('v3', `moderation/glossaries${name ? `/${encodeURIComponent(name)}` : ''}`);
const textCategories = ['terrorism', 'porn', 'ban', 'abuse', 'ad', 'politics'];

/** The project's word lists: black lists flag their words, white lists excuse them; a category lexicon always applies. */
export function GlossariesPage() {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const list = useLoad(listGlossaries, []);
  const remove = useAction(async (glossary: Glossary) => {
    setNotice(undefined);
    await call('DELETE', glossaryPath(glossary.name));
    setNotice(`Glossary ${glossary.name} deleted.`);
    await list.reload();
  });

  return (
    <Page
      title="Glossaries"
      actions={
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {creating ? 'Close' : 'New glossary'}
        </button>
      }
    >
      <p class="muted">
        Black lists mark their words as <code>customized</code> (block) when a call names them; white lists drop
        findings inside their words. A black list tied to a category applies whenever that category is checked, the MaaS
        content guard included. Try them in the <Link to="/moderation/playground">playground</Link>.
      </p>
      {creating ? (
        <Card title="New glossary">
          <GlossaryForm
            onDone={async (name) => {
              setCreating(false);
              setNotice(`Glossary ${name} created.`);
              await list.reload();
            }}
          />
        </Card>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorNote error={remove.error} />
      <ErrorNote error={list.error} />
      {list.data ? (
        list.data.length === 0 ? (
          <Empty>No glossaries yet.</Empty>
        ) : (
          <table class="table responsive" data-testid="glossaries">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Words</th>
                <th>Description</th>
                <th>
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((g) => (
                <Fragment key={g.name}>
                  <tr data-glossary={g.name}>
                    <td data-label="Name">
                      <strong>{g.name}</strong>
                    </td>
                    <td data-label="Type">
                      <Badge tone={g.type === 'black' ? 'bad' : 'ok'}>{g.type}</Badge>
                      {g.category ? <Badge tone="info">{g.category}</Badge> : null}
                    </td>
                    <td data-label="Words">{g.word_count}</td>
                    <td data-label="Description">{g.description || <span class="muted">—</span>}</td>
                    <td class="actions">
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => setEditing(editing === g.name ? undefined : g.name)}
                      >
                        Edit words
                      </button>
                      <ConfirmButton label="Delete" disabled={remove.busy} onConfirm={() => remove.run(g)} />
                    </td>
                  </tr>
                  {editing === g.name ? (
                    <tr class="edit-row">
                      <td colSpan={5}>
                        <GlossaryEditor
                          name={g.name}
                          onDone={async () => {
                            setEditing(undefined);
                            setNotice(`Glossary ${g.name} saved.`);
                            await list.reload();
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )
      ) : list.loading ? (
        <p class="muted">Loading…</p>
      ) : null}
    </Page>
  );
}

function GlossaryForm(props: { onDone: (name: string) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<'black' | 'white'>('black');
  const [category, setCategory] = useState('');
  const [words, setWords] = useState('');
  const [description, setDescription] = useState('');
  const save = useAction(async () => {
    const created = await call<Glossary>('POST', glossaryPath(), {
      body: {
        name,
        type,
        words: parseList(words),
        ...(description ? { description } : {}),
        ...(category ? { category } : {}),
      },
    });
    await props.onDone(created.name);
  });
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <div class="grid">
        <Field label="Name" hint="Letters, digits, “_”, “.”, “-”.">
          <input name="name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Type">
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as 'black' | 'white')}>
            <option value="black">black list</option>
            <option value="white">white list</option>
          </select>
        </Field>
        {type === 'black' ? (
          <Field label="Category" hint="Optional: apply with this category, without naming the glossary.">
            <select name="category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
              <option value="">none (named in calls)</option>
              {textCategories.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label="Description">
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
        <Field label="Words" hint="One a line (or separated by commas); matched after normalisation." wide>
          <textarea name="words" rows={6} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorNote error={save.error} />
      <div class="buttons">
        <button type="submit" disabled={save.busy}>
          Create glossary
        </button>
      </div>
    </form>
  );
}

function GlossaryEditor(props: { name: string; onDone: () => void | Promise<void> }) {
  const [words, setWords] = useState<string | undefined>();
  const [description, setDescription] = useState('');
  const current = useLoad(async () => {
    const glossary = await call<Glossary & { words: string[] }>('GET', glossaryPath(props.name));
    setWords(glossary.words.join('\n'));
    setDescription(glossary.description);
    return glossary;
  }, [props.name]);
  const save = useAction(async () => {
    await call('PUT', glossaryPath(props.name), { body: { words: parseList(words ?? ''), description } });
    await props.onDone();
  });
  if (current.error) return <ErrorNote error={current.error} />;
  if (words === undefined) return <p class="muted">Loading…</p>;
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <div class="grid">
        <Field label="Words" hint="One a line; the list replaces the old one." wide>
          <textarea name="words" rows={8} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
        </Field>
        <Field label="Description" wide>
          <input name="description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorNote error={save.error} />
      <div class="buttons">
        <button type="submit" disabled={save.busy}>
          Save words
        </button>
      </div>
    </form>
  );
}
