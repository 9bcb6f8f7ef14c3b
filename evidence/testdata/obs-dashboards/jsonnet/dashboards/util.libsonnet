{ new(title):: { title: title } }
