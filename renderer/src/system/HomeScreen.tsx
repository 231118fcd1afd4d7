import { useSignedIn } from '../identity/identity-store';

export function HomeScreen() {
  const session = useSignedIn();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome to Zahanati{session !== null && `, ${session.user.displayName}`}</h1>
      <p>Clinic records that keep working when the internet does not.</p>
    </section>
  );
}
