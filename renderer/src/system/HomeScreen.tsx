export function HomeScreen() {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome to Zahanati</h1>
      <p>Clinic records that keep working when the internet does not.</p>
    </section>
  );
}
