import { PageTitle } from '../components/layout';
import { Link } from '../lib/router';

export function NotFound() {
  return (
    <section>
      <PageTitle title="Page not found" />
      <p>
        There is no such page. Go to the <Link to="/secrets">secrets list</Link>.
      </p>
    </section>
  );
}
