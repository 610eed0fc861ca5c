INSERT INTO wiki_pages(id,list_id,slug,title,head,created) VALUES (1,1,'certificates','Certificates <b>how-to</b>',1,'2026-02-03T10:00:00Z');
INSERT INTO wiki_revisions(id,page_id,number,author_id,author,mode,text,status,created) VALUES (1,1,1,1,'ana@example.org','replace','# Certificates
Rotate them with the **renewal pipeline**.','live','2026-02-03T10:00:00Z');
