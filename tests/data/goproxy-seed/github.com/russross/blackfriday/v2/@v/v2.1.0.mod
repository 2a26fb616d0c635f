module github.com/russross/blackfriday/v2
