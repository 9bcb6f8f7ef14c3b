import React from 'react';
// import pino from 'pino';  -- removed, logs go to the console
export default function App() { return <h1>Hi</h1>; }
