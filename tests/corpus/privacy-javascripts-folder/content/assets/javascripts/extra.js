// 联系人 139 0000 0000
console.log("ok");
