import { test } from 'vitest'
