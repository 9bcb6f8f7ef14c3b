package common

import future.keywords
