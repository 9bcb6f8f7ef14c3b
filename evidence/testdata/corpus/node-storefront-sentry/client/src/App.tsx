import React, { useEffect, useState } from 'react';

export function App() {
  const [items, setItems] = useState<string[]>([]);
  useEffect(() => {
    fetch('/api/items').then((r) => r.json()).then(setItems);
  }, []);
  return <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>;
}
