/**
 * Signing in to the dashboard (#/sign-in): e-mail and password, or a one-time
 * sign-in link (#/sign-in?link=...) that an administrator was given at the
 * first start or made for a new colleague, after which the person chooses a
 * password. `next` is where the planner was going; they land there after.
 * Every message is plain text; the password never leaves the form except to
 * the server.
 */
import '../styles/sign-in.css';
import { ApiError, post } from '../api/client.js';
import { session, signedIn, type SessionAnswer } from '../auth/session.js';
import { h } from '../dom.js';
import { MIN_PASSWORD_LENGTH, passwordProblem, safeNext, signInHash, signInProblem } from '../transforms/sign-in.js';

function problemLine(): HTMLParagraphElement {
  return h('p', { class: 'sign-in-problem', role: 'alert', hidden: true });
}

function show(line: HTMLElement, text: string | null): void {
  line.textContent = text ?? '';
  line.hidden = !text;
}

/** The e-mail and password form. */
function passwordForm(root: HTMLElement, next: string, done: (next: string) => void, intro?: string): void {
  // Text, not type=email: the first administrator's account is called "admin".
  const email = h('input', { type: 'text', inputmode: 'email', name: 'email', id: 'sign-in-email', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'sign-in-password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const problem = problemLine();
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title', novalidate: true },
    h('h1', { id: 'sign-in-title' }, 'Sign in to Hearth'),
    intro ? h('p', { class: 'note' }, intro) : null,
    h('p', {}, h('label', { for: 'sign-in-email' }, 'E-mail address'), email),
    h('p', {}, h('label', { for: 'sign-in-password' }, 'Password'), password),
    button,
    problem,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!email.value.trim() || !password.value) {
      show(problem, 'Type your e-mail address and your password.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    button.disabled = true;
    show(problem, null);
    post<SessionAnswer>('/auth/sign-in', { email: email.value.trim(), password: password.value })
      .then((answer) => {
        signedIn(answer);
        done(next);
      })
      .catch((err: unknown) => {
        show(problem, signInProblem(err));
        password.value = '';
        // After a 429 the button waits as long as the server asked (at most five minutes), then offers itself again.
        const wait = err instanceof ApiError && err.status === 429 ? Math.min(err.retryAfter ?? 60, 300) : 0;
        window.setTimeout(() => (button.disabled = false), wait * 1000);
        password.focus();
      });
  });
  root.replaceChildren(form);
  email.focus();
}

/** Choosing a password after a one-time link signed the person in. */
function choosePasswordForm(root: HTMLElement, next: string, done: (next: string) => void, who: string): void {
  const password = h('input', { type: 'password', name: 'password', id: 'new-password', autocomplete: 'new-password', minlength: MIN_PASSWORD_LENGTH, required: true });
  const repeated = h('input', { type: 'password', name: 'repeated', id: 'new-password-again', autocomplete: 'new-password', required: true });
  const button = h('button', { type: 'submit' }, 'Save the password');
  const problem = problemLine();
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'choose-title', novalidate: true },
    h('h1', { id: 'choose-title' }, 'Choose a password'),
    h('p', {}, `Signed in as ${who} with a one-time link, which now no longer works. Choose the password you will sign in with from now on: at least ${MIN_PASSWORD_LENGTH} characters.`),
    h('p', {}, h('label', { for: 'new-password' }, 'New password'), password),
    h('p', {}, h('label', { for: 'new-password-again' }, 'The same password again'), repeated),
    button,
    problem,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const wrong = passwordProblem(password.value, repeated.value);
    if (wrong) {
      show(problem, wrong);
      password.focus();
      return;
    }
    button.disabled = true;
    show(problem, null);
    post('/auth/password', { password: password.value })
      .then(() => done(next))
      .catch((err: unknown) => {
        button.disabled = false;
        show(problem, `The password was not saved: ${(err as Error).message}`);
      });
  });
  root.replaceChildren(form);
  password.focus();
}

/**
 * Draws the sign-in page into `root`. With `link` in the address, exchanges
 * the one-time link for a session first (and takes it out of the address and
 * the history at once), then asks for a password. `done(next)` is called once
 * signed in.
 */
export async function renderSignIn(root: HTMLElement, params: URLSearchParams, done: (next: string) => void): Promise<void> {
  const next = safeNext(params.get('next'));
  const link = params.get('link');
  if (link) {
    history.replaceState(null, '', signInHash(next));
    root.replaceChildren(h('p', { class: 'notice', role: 'status' }, 'Signing in with the one-time link…'));
    try {
      const answer = await post<SessionAnswer>('/auth/link', { token: link });
      signedIn(answer);
      choosePasswordForm(root, next, done, answer.principal.name);
    } catch (e) {
      const expired = e instanceof ApiError && (e.status === 400 || e.status === 401 || e.status === 404 || e.status === 410);
      passwordForm(root, next, done, expired ? 'That sign-in link has expired or was already used. Sign in with your password, or ask an administrator for a new link.' : signInProblem(e));
    }
    return;
  }
  const current = session();
  if (current?.state === 'signed-in' || current?.state === 'open') {
    done(next);
    return;
  }
  passwordForm(root, next, done);
}
